// Package wgkeys builds a WireGuard exchange that carries key material, for
// the tests of secret redaction (dissect, render, nlcap -r, nlcap -w
// --redact): the nlctrl answer that names the "wireguard" family, the
// answer to `wg show wg0` with a private key and a peer's preshared key, and
// a `wg set` request the kernel refuses, echoed (private key included) in
// its NLMSG_ERROR. Every key is 32 bytes of one value, so that a test can
// look for it in any output: [Private], [Preshared], [SetPrivate] are
// secret, [Public] and [PeerPublic] are not.
package wgkeys

import (
	"bytes"
	"encoding/binary"
	"time"

	"github.com/nlcap/nlcap"
)

// FamilyID is the generic netlink id of "wireguard" in the records.
const FamilyID = 0x1d

// Key bytes (each key is 32 of them).
const (
	Private    = 0x11 // WGDEVICE_A_PRIVATE_KEY of the answer
	Preshared  = 0x22 // WGPEER_A_PRESHARED_KEY of the answer's peer
	Public     = 0x33 // WGDEVICE_A_PUBLIC_KEY
	PeerPublic = 0x44 // WGPEER_A_PUBLIC_KEY
	SetPrivate = 0x55 // WGDEVICE_A_PRIVATE_KEY of the refused request
)

// Key returns the 32-byte key made of b.
func Key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// SecretBytes is the number of secret payload bytes in [Records].
const SecretBytes = 4 * 32 // private, preshared, and the request's private key twice (sent, echoed)

var le = binary.LittleEndian

// include/uapi/linux/wireguard.h, genetlink.h, netlink.h
const (
	wgCmdGetDevice = 0
	wgCmdSetDevice = 1
	wgdListenPort  = 6
	wgdIfindex     = 1
	wgdIfname      = 2
	wgdPrivateKey  = 3
	wgdPublicKey   = 4
	wgdPeers       = 8
	wgpPublicKey   = 1
	wgpPreshared   = 2
	wgpKeepalive   = 5
	nlaFNested     = 0x8000
	nlmFRequest    = 0x1
	nlmFMulti      = 0x2
	nlmFAck        = 0x4
	nlmsgError     = 2
	genlIDCtrl     = 0x10
	ctrlCmdNewFam  = 1
	ctrlFamilyID   = 1
	ctrlFamilyName = 2
)

// Records returns the exchange as four records of a traced `wg` (one
// message each), fresh copies at every call.
func Records() []nlcap.Record {
	t := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	set := msg(FamilyID, nlmFRequest|nlmFAck, 8, 0,
		[]byte{wgCmdSetDevice, 1, 0, 0},
		attr(wgdIfname, []byte("wg0\x00")),
		attr(wgdPrivateKey, Key(SetPrivate)),
	)
	msgs := [][]byte{
		msg(genlIDCtrl, 0, 1, 4242, []byte{ctrlCmdNewFam, 2, 0, 0},
			attr(ctrlFamilyID, le.AppendUint16(nil, FamilyID)),
			attr(ctrlFamilyName, []byte("wireguard\x00"))),
		msg(FamilyID, nlmFMulti, 7, 4242,
			[]byte{wgCmdGetDevice, 1, 0, 0},
			attr(wgdListenPort, le.AppendUint16(nil, 51820)),
			attr(wgdIfindex, le.AppendUint32(nil, 5)),
			attr(wgdIfname, []byte("wg0\x00")),
			attr(wgdPrivateKey, Key(Private)),
			attr(wgdPublicKey, Key(Public)),
			attr(wgdPeers|nlaFNested, attr(0|nlaFNested,
				attr(wgpPublicKey, Key(PeerPublic)),
				attr(wgpPreshared, Key(Preshared)),
				attr(wgpKeepalive, le.AppendUint16(nil, 25)),
			)),
		),
		set,
		msg(nlmsgError, 0, 8, 4242, le.AppendUint32(nil, uint32(0xffffffed)), set), // -ENODEV, the request echoed
	}
	recs := make([]nlcap.Record, len(msgs))
	for i, m := range msgs {
		dir := nlcap.DirectionFromKernel
		if i == 2 {
			dir = nlcap.DirectionToKernel
		}
		recs[i] = nlcap.Record{Timestamp: t.Add(time.Duration(i) * time.Millisecond), Family: nlcap.FamilyGeneric,
			Direction: dir, OrigLen: len(m), ByteOrder: le, Data: m}
	}
	return recs
}

func msg(typ, flags uint16, seq, pid uint32, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	b := le.AppendUint32(nil, uint32(16+len(body)))
	b = le.AppendUint16(b, typ)
	b = le.AppendUint16(b, flags)
	b = le.AppendUint32(b, seq)
	b = le.AppendUint32(b, pid)
	return pad(append(b, body...))
}

func attr(typ uint16, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	b := le.AppendUint16(nil, uint16(4+len(body)))
	b = le.AppendUint16(b, typ)
	return pad(append(b, body...))
}

func pad(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}
