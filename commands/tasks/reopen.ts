import { verdictCommand } from './verdict.ts';

export default verdictCommand('reopen', false);
