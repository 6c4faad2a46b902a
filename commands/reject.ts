import { verdictCommand } from './verdict.ts';

export default verdictCommand('reject', true);
