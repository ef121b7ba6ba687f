//go:build nlcapprof

package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
)

// With -tags nlcapprof (PROFILE=1 bench/capture.sh), NLCAPDEBUG=cpuprofile=FILE
// writes a CPU profile of a live capture to FILE. The default build leaves
// runtime/pprof out of nlcap.
func init() { startCPUProfile = cpuProfile }

func cpuProfile(stderr io.Writer) func() {
	var path string
	for _, kv := range strings.Split(os.Getenv("NLCAPDEBUG"), ",") {
		if v, ok := strings.CutPrefix(kv, "cpuprofile="); ok {
			path = v
		}
	}
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "nlcap: warning: cpu profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "nlcap: warning: cpu profile: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "nlcap: warning: cpu profile: %v\n", err)
		}
	}
}
