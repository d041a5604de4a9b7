"""psp-qa: offline, cited question answering over the Strategic PSP model report."""

import os

# The matrix products of a question are tiny; a multi-threaded BLAS spins its
# threads on them and, on a busy 2-core laptop, made a warm answer twice as
# slow (measured: 14.6 ms against 6.5 ms median). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
