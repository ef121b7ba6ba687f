package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A few ethtool definitions written here in the YNL schema (the kernel's
// Documentation/netlink/specs/ethtool.yaml says more): enough to name
// genl-ethtool.pcap's link-modes request by the spec (its name-prefix is
// not the kernel's, so that the built-in ethtool names cannot pass for it).
const ethtoolSpec = `
name: ethtool
protocol: genetlink-legacy
attribute-sets:
  -
    name: header
    attributes:
      -
        name: dev-index
        type: u32
      -
        name: dev-name
        type: string
      -
        name: flags
        type: u32
  -
    name: linkmodes
    attributes:
      -
        name: header
        type: nest
        nested-attributes: header
operations:
  name-prefix: ethtool-ynl-msg-
  enum-model: directional
  list:
    -
      name: linkmodes-get
      attribute-set: linkmodes
      do:
        request:
          value: 4
`

func TestSpecDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ethtool.yaml"), []byte(ethtoolSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	capture := filepath.Join(capturesDir, "genl-ethtool.pcap")
	out, stderr, code := runNlcap(t, "-r", capture, "-vv", "--spec-dir", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"ethtool ETHTOOL_YNL_MSG_LINKMODES_GET", "ETHTOOL_A_LINKMODES_HEADER", `ETHTOOL_A_HEADER_DEV_NAME: "d0"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output with the spec lacks %q:\n%s", want, out)
		}
	}
	plain, _, _ := runNlcap(t, "-r", capture, "-vv")
	if strings.Contains(plain, "ETHTOOL_YNL_MSG_LINKMODES_GET") {
		t.Error("the spec's names appear without --spec-dir")
	}

	// NLCAP_SPEC_DIR does the same; a broken spec beside is a warning
	// naming its file and line, and decoding goes on.
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("name: broken\nattribute-sets: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NLCAP_SPEC_DIR", dir)
	out, stderr, code = runNlcap(t, "-r", capture, "-v")
	if code != 0 || !strings.Contains(out, "ETHTOOL_YNL_MSG_LINKMODES_GET") {
		t.Errorf("with NLCAP_SPEC_DIR: exit %d, output:\n%s", code, out)
	}
	if want := filepath.Join(dir, "broken.yaml") + ": yaml: line 2"; !strings.Contains(stderr, "nlcap: warning: ") || !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not warn about %s", stderr, want)
	}
}
