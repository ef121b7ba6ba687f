# nlcap: build, unit tests, fuzz smoke, and the real-kernel lab (QEMU).
#
#   make test                 everything: setup, vet, unit, fuzz smoke, lab self-check, VM e2e
#   make unit                 go test of every package but ./e2e (and of internal/integration)
#   make fuzz                 each Fuzz target for FUZZTIME (default 5000x): the CI smoke run
#   make fuzz-long            each Fuzz target for FUZZLONGTIME (default 1000000x; 10000000x:
#                             ten million executions each, the release run)
#   make e2e [RUN=regex] [KERNEL=pkg]
#                             boot Debian's kernel in QEMU, run the e2e tests as root inside
#   make selfcheck            the main e2e boot without nlmon must fail (and for that reason)
#   make captures [OUT=dir]   regenerate the testdata captures from e2e/scenarios/*.sh
#   make demo                 the main job in the VM: nlcap -w around ip commands, then nlcap -r
#   make build                static bin/nlcap and bin/nlreplay (CGO_ENABLED=0)
#   make pgo                  rewrite cmd/nlcap/default.pgo, nlcap's profile for Go's PGO
#   make vet                  go build + go vet, and go build for darwin and windows
#   make setup                install the host packages (Debian, as root; no-op when present)
#
# KERNEL names a Debian kernel package (default linux-image-6.1.0-56-amd64;
# `apt-cache depends linux-image-amd64` names the current one). RUN is a Go
# test regexp. LABFLAGS passes more flags to `go run ./internal/lab`.

GO       ?= go
RUN      ?=
KERNEL   ?=
OUT      ?=
# A count, not a duration: Go 1.26's fuzz coordinator can fail a run with
# "context deadline exceeded" (no crasher) when a -fuzztime duration ends
# (golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
FUZZTIME ?= 5000x
# Go minimizes every new interesting input for up to 60 s by default, and
# counts no executions meanwhile: a 5 s smoke run would mostly minimize.
# 100 executions per input (a crasher too) keep the reported rate the
# target's own.
FUZZMINIMIZETIME ?= 100x
# make fuzz-long: a duration or a count of executions (Nx) per target.
FUZZLONGTIME ?= 1000000x
LABFLAGS ?=

export CGO_ENABLED := 0

LAB      := $(GO) run ./internal/lab
KFLAG    := $(if $(KERNEL),-kernel $(KERNEL))
RUNFLAG  := $(if $(RUN),-run '$(RUN)')
OUTFLAG  := $(if $(OUT),-capture-out '$(OUT)')
CMDS     := nlcap nlreplay

.NOTPARALLEL:
.PHONY: all test unit fuzz fuzz-long e2e selfcheck captures demo build pgo setup vet clean

all: build

test: setup vet unit fuzz selfcheck e2e
	@echo "make test: PASS (unit, fuzz smoke, e2e in the VM, lab self-check)"

setup:
	@./.ci/setup

# pcap, dissect, replay and nlcap must build on other systems too.
vet:
	$(GO) build ./...
	$(GO) vet ./...
	cd internal/integration && $(GO) vet ./...
	GOOS=darwin $(GO) build ./...
	GOOS=windows $(GO) build ./...
	GOOS=darwin $(GO) vet ./...
	GOOS=windows $(GO) vet ./...

# e2e is an ordinary package, but outside the VM its tests skip: the lab runs it.
# internal/integration is a nested module (third-party netlink libraries
# served by replay.Mock): ./... does not reach it.
unit:
	$(GO) test -count=1 $$($(GO) list ./... | grep -v '/e2e$$')
	cd internal/integration && $(GO) test -count=1 ./...

# Every "func FuzzX(" in a _test.go file of a package, FUZZTIME each
# (FUZZMINIMIZETIME for each input to minimize).
fuzz:
	@set -e; for d in $$($(GO) list -f '{{.Dir}}' ./...); do \
		for t in $$(cat $$d/*_test.go 2>/dev/null | sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p'); do \
			echo "$(GO) test -run='^$$' -fuzz='^$$t$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) $$d"; \
			$(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) $$d; \
		done; \
	done

# The same targets for long.
fuzz-long:
	$(MAKE) fuzz FUZZTIME=$(FUZZLONGTIME)

e2e: setup
	$(LAB) e2e $(KFLAG) $(RUNFLAG) $(LABFLAGS)

selfcheck: setup
	$(LAB) selfcheck $(KFLAG) $(LABFLAGS)

# The capture scenarios' own tools (captureTools in internal/lab/initramfs.go).
captures:
	@./.ci/setup --captures
	$(LAB) captures $(KFLAG) $(OUTFLAG) $(LABFLAGS)

demo: setup
	$(LAB) demo $(KFLAG) $(LABFLAGS)

build:
	@mkdir -p bin
	@set -e; for c in $(CMDS); do \
		echo "$(GO) build -trimpath -ldflags='-s -w' -o bin/$$c ./cmd/$$c"; \
		$(GO) build -trimpath -ldflags='-s -w' -o bin/$$c ./cmd/$$c; \
	done

# go build uses cmd/nlcap/default.pgo by itself (-pgo=auto); see bench/README.md.
pgo:
	./bench/pgo.sh

clean:
	rm -rf bin lab-out
