import { verdictCommand } from './verdict.ts';

export default verdictCommand('close', false);
