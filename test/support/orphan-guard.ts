/**
 * Preloaded into every process a test starts (see `childArgs`). A test kills its children in `finally`, but a
 * runner that is itself killed (SIGKILL, out of memory, a closed terminal) runs no `finally`: then the child would
 * keep polling with whatever token it was given. Re-parented to init, it kills itself within half a second.
 */
const parent = process.ppid;
const orphaned = () => process.ppid !== parent || parent === 1;

// A runner killed before this line ran has already handed the child to init.
if (orphaned()) process.kill(process.pid, 'SIGKILL');
setInterval(() => {
  if (orphaned()) process.kill(process.pid, 'SIGKILL');
}, 500).unref();
