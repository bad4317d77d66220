// Worker entry for one comparison pane.
import * as Comlink from 'comlink';
import { LabRouter } from './lab-router';

Comlink.expose(new LabRouter());
