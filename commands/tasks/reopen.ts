import { verdictCommand } from '../shared/verdict.ts';

export default verdictCommand('reopen', false);
