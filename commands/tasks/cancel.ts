import { verdictCommand } from './verdict.ts';

export default verdictCommand('cancel', true);
