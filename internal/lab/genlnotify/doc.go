// Package genlnotify receives generic netlink notifications for the lab's
// own genl clients (internal/lab/psample, internal/lab/hsrgenl,
// internal/lab/gtpgenl, internal/lab/thermalgenl); Linux only.
package genlnotify
