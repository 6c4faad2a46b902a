/**
 * Preloaded into every process a test starts (see `childArgs`). A test kills its children in `finally`, but a
 * runner that is itself killed (SIGKILL, out of memory, a closed terminal) runs no `finally`: then the child would
 * keep polling with whatever token it was given. Handed to another parent (init, a subreaper), it kills itself
 * within half a second. Its parent comes from `childArgs`, so a runner killed before the guard ran is caught too.
 */
const parent = Number(new URL(import.meta.url).searchParams.get('parent') ?? process.ppid);
const orphaned = () => process.ppid !== parent;

// A runner killed before this line ran has already handed the child to another parent.
if (orphaned()) process.kill(process.pid, 'SIGKILL');
setInterval(() => {
  if (orphaned()) process.kill(process.pid, 'SIGKILL');
}, 500).unref();
