import { verdictCommand } from '../shared/verdict.ts';

export default verdictCommand('close', false);
