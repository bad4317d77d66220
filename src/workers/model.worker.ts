// Worker entry: exposes ModelService with comlink. All ORT work happens here, never on the page's thread.
import * as Comlink from 'comlink';
import { ModelService } from './model-service';

Comlink.expose(new ModelService());
