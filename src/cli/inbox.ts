import type { CommandRun } from './io';

// Placeholder until the owning issue lands; exits 1 so nobody mistakes it for the real command.
export const run: CommandRun = async (_args, io) => {
  io.stderr.write('cosell inbox: not built yet\n');
  return 1;
};
