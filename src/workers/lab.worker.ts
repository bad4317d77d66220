// Worker entry for one comparison pane.
import * as Comlink from 'comlink';
import { LabService } from './lab-service';

Comlink.expose(new LabService());
