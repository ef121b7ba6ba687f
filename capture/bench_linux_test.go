package capture

import (
	"encoding/binary"
	"io"
	"testing"
	"unsafe"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
	"golang.org/x/sys/unix"
)

// benchBlock fills ring block i as the kernel hands it over, with the
// records of an RTM_GETLINK exchange for lo (a 32-byte request and a
// 1300-byte answer) until the block is full, and returns how many it holds.
func benchBlock(r *ring, i int) int {
	b := r.block(i)
	off, n := blockDescLen, 0
	var prev *unix.Tpacket3Hdr
	for {
		size := 32
		if n%2 == 1 {
			size = 1300
		}
		next := (frameNetOff + size + 15) &^ 15
		if off+next > len(b) {
			break
		}
		h := (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[off]))
		*h = unix.Tpacket3Hdr{Sec: 1700000000, Nsec: uint32(n), Snaplen: uint32(size), Len: uint32(size), Net: frameNetOff}
		binary.BigEndian.PutUint16(b[off+sllOff+2:], 0)
		binary.NativeEndian.PutUint32(b[off+frameNetOff:], uint32(size))
		if n%2 == 0 {
			binary.NativeEndian.PutUint16(b[off+frameNetOff+6:], nlcap.FlagRequest)
		}
		if prev != nil {
			prev.Next_offset = uint32((uintptr(unsafe.Pointer(h)) - uintptr(unsafe.Pointer(prev))))
		}
		prev = h
		off += next
		n++
	}
	binary.NativeEndian.PutUint32(b[blockNumOff:], uint32(n))
	binary.NativeEndian.PutUint32(b[blockFirstOff:], blockDescLen)
	binary.NativeEndian.PutUint32(b[blockStatusOff:], unix.TP_STATUS_USER)
	return n
}

// BenchmarkRingToWriter measures the user-space work per record of
// `nlcap -w`: a record taken from a handed-over ring block and written by a
// pcap.Writer (to io.Discard).
func BenchmarkRingToWriter(b *testing.B) {
	for _, mode := range []string{"ReadBatch", "ReadRecordInto"} {
		b.Run(mode, func(b *testing.B) {
			const bs = 512 << 10
			r := &ring{mem: make([]byte, 2*bs), blockSize: bs, blocks: 2}
			c := &Conn{ring: r, ifname: "bench0"}
			w, err := pcap.NewWriter(io.Discard, nil)
			if err != nil {
				b.Fatal(err)
			}
			write := w.WriteRecordPtr
			var rec nlcap.Record
			b.ReportAllocs()
			b.ResetTimer()
			for done := 0; done < b.N; {
				b.StopTimer()
				per := benchBlock(r, r.next)
				b.StartTimer()
				for range per {
					var err error
					if mode == "ReadBatch" {
						err = c.ReadBatch(write)
					} else {
						if err = c.ReadRecordInto(&rec); err == nil {
							err = write(&rec)
						}
					}
					if err != nil {
						b.Fatal(err)
					}
					if r.cur == nil {
						break
					}
				}
				done += per
			}
		})
	}
}
