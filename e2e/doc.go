// Package e2e holds the end-to-end tests of nlcap: ordinary Go tests that
// run as root inside a QEMU guest booted from Debian's kernel, where nlmon,
// dummy, veth, wireguard and nf_tables are available as modules.
//
// Run them with `make e2e` (or `make e2e RUN=TestName`). The harness in
// internal/lab builds this package with `CGO_ENABLED=0 go test -c`, boots
// the guest with NLCAP_E2E=1 and runs the test binary there; then it runs
// the TestHost* tests on the host against the artifacts the guest left.
// Outside the harness every test skips with a message saying so.
//
// Naming (the harness relies on it):
//   - TestXxx runs in the main boot, inside the guest.
//   - TestHostXxx runs on the host after all boots, with NLCAP_E2E_HOST=1
//     and NLCAP_E2E_ARTIFACTS set to the directory the guest wrote.
//   - TestBoot<Name>Xxx runs in a special boot described by
//     e2e/boots/<name>.conf (keys run=, exclude=, preload=, modules=, and
//     optional=yes for a boot that runs only when named with -boots).
//
// Helpers, all in lab_test.go: inGuest (first line of every guest test),
// artifactPath, toolPath, projectBin, runCmd, hostArtifacts, hostArtifact
// and hostTool.
//
// e2e/scenarios/ holds shell scripts the lab runs in the guest rather than
// tests: `make captures` (testdata/captures and their provenance) and
// `make demo`; e2e/scenarios/lib.sh documents their helpers.
package e2e
