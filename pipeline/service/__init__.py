"""`cascade serve` and `cascade status`: the clock, the scheduler, the watcher, the web endpoint."""
