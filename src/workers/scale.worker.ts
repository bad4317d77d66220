// Worker entry for one scale-lab measurement (see scale-api.ts: one worker per point, recipe and thread count).
import * as Comlink from 'comlink';
import { ScaleService } from './scale-service';

Comlink.expose(new ScaleService());
