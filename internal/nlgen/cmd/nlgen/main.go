// Command nlgen writes dissect's generated netlink tables from the kernel
// UAPI headers:
//
//	go run ./internal/nlgen/cmd/nlgen [-I /usr/include] [-o file] [-pkg dissect]
//
// dissect/uapi.go runs it with go generate.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nlcap/nlcap/internal/nlgen"
)

func main() {
	include := flag.String("I", nlgen.DefaultInclude, "include directory holding linux/*.h")
	out := flag.String("o", "uapi_generated.go", "output file")
	pkg := flag.String("pkg", "dissect", "Go package name")
	flag.Parse()
	src, err := nlgen.Generate(*include, *pkg)
	if err == nil {
		err = os.WriteFile(*out, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "nlgen:", err)
		os.Exit(1)
	}
}
