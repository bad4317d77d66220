// Worker entry for one memory probe (spawned per probe, terminated after it).
import * as Comlink from 'comlink';
import { MemoryProbeService } from './memory-probe';

Comlink.expose(new MemoryProbeService());
