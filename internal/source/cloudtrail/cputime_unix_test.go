//go:build unix

package cloudtrail

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (all threads, user and
// system), so benchmarks can report MB/s per CPU second, which a busy
// machine does not distort the way wall time is.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
