package main

import (
	"errors"
	"os/user"
	"strings"
	"testing"
)

func TestResolveUser(t *testing.T) {
	db := map[string]*user.User{
		"nobody": {Username: "nobody", Uid: "65534", Gid: "65533"},
		"alice":  {Username: "alice", Uid: "1000", Gid: "100"},
		"broken": {Username: "broken", Uid: "x", Gid: "1"},
	}
	byName := func(n string) (*user.User, error) {
		if u, ok := db[n]; ok {
			return u, nil
		}
		return nil, user.UnknownUserError(n)
	}
	byID := func(id string) (*user.User, error) {
		for _, u := range db {
			if u.Uid == id {
				return u, nil
			}
		}
		return nil, errors.New("no such uid")
	}
	tests := []struct {
		spec     string
		uid, gid int
		err      string
	}{
		{spec: "nobody", uid: 65534, gid: 65533},
		{spec: "65534", uid: 65534, gid: 65533}, // known uid: its group
		{spec: "4242", uid: 4242, gid: 4242},    // no passwd entry
		{spec: "4242:7", uid: 4242, gid: 7},
		{spec: "1000:0", uid: 1000, gid: 0},
		{spec: "bob", err: `unknown user "bob"`},
		{spec: "", err: "empty user"},
		{spec: "-1", err: "unknown user"},
		{spec: "4294967295", err: "unknown user"},
		{spec: "12:x", err: `invalid gid "x"`},
		{spec: "12:", err: "invalid gid"},
		{spec: "broken", err: "non-numeric"},
	}
	for _, tt := range tests {
		uid, gid, err := resolveUser(tt.spec, byName, byID)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("resolveUser(%q) = %d, %d, %v; want error containing %q", tt.spec, uid, gid, err, tt.err)
			}
			continue
		}
		if err != nil || uid != tt.uid || gid != tt.gid {
			t.Errorf("resolveUser(%q) = %d, %d, %v; want %d, %d", tt.spec, uid, gid, err, tt.uid, tt.gid)
		}
	}
}
