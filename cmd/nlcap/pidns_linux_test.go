package main

import (
	"os"
	"strconv"
	"testing"
)

func TestOtherPIDNS(t *testing.T) {
	for _, tt := range []struct {
		spec string
		want bool
	}{
		{"", false},
		{"myns", false},
		{"/run/netns/x", false},
		{strconv.Itoa(os.Getpid()), false}, // ourselves: same pid namespace
		{"999999999", true},                // no such process: cannot tell, so do not delete
	} {
		if got := otherPIDNS(tt.spec); got != tt.want {
			t.Errorf("otherPIDNS(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}
