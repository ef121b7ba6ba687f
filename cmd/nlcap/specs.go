package main

import (
	"fmt"
	"io"
	"os"

	"github.com/nlcap/nlcap/dissect"
)

// loadSpecs loads the YNL specs of --spec-dir, else $NLCAP_SPEC_DIR (none:
// nil). A spec that does not load is a warning naming its file and line:
// decoding goes on with the built-in tables and the specs that loaded.
func loadSpecs(o *options, stderr io.Writer) *dissect.Specs {
	dir := o.specDir
	if dir == "" {
		dir = os.Getenv("NLCAP_SPEC_DIR")
	}
	if dir == "" {
		return nil
	}
	specs, err := dissect.LoadSpecs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "nlcap: warning: %v\n", err)
	}
	return specs
}
