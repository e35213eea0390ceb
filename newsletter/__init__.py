"""The pure core: beehiiv HTML or feed text in, a rendered `Issue` out. No I/O, no telegram.ext."""
