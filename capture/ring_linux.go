package capture

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/nlcap/nlcap"
	"golang.org/x/sys/unix"
)

// The receive ring (PACKET_RX_RING, TPACKET_V3), as libpcap uses it: the
// kernel copies each record into a block of memory shared with nlcap, in the
// context of the process that sent the netlink message, and wakes the reader
// only when it hands over a whole block (full, or ringRetire after its first
// record). Reading costs no system call per record and no wake-up per record.
// Unlike libpcap, a stop does not lose the block the kernel is filling: Drain
// waits for the kernel to hand it over (see [Conn.Drain]).
//
// Memory layout of one block (include/uapi/linux/if_packet.h):
//
//	struct tpacket_block_desc {        // offset 0
//		__u32 version;
//		__u32 offset_to_priv;
//		struct tpacket_hdr_v1 {        // offset 8
//			__u32 block_status;    // TP_STATUS_KERNEL (0) or TP_STATUS_USER (1)
//			__u32 num_pkts;
//			__u32 offset_to_first_pkt;
//			...
//	};
//	struct tpacket3_hdr {              // at offset_to_first_pkt, then tp_next_offset
//		__u32 tp_next_offset, tp_sec, tp_nsec, tp_snaplen, tp_len, tp_status;
//		__u16 tp_mac, tp_net;      // SOCK_DGRAM: the record is at tp_net
//		...                        // 48 bytes
//	};
//	struct sockaddr_ll                 // at TPACKET_ALIGN(48): sll_protocol at +2
const (
	blockStatusOff = 8
	blockNumOff    = 12
	blockFirstOff  = 16
	blockDescLen   = 48                                  // BLK_PLUS_PRIV(0)
	frameNetOff    = 96                                  // TPACKET_ALIGN(TPACKET3_HDRLEN) + 16 for SOCK_DGRAM
	sllOff         = unix.SizeofTpacket3Hdr              // TPACKET_ALIGN(sizeof(struct tpacket3_hdr))
	sllLen         = unix.SizeofSockaddrLinklayer        // struct sockaddr_ll
	ringRetire     = 100 * time.Millisecond              // tp_retire_blk_tov
	ringMinBlocks  = 2                                   // below this, use the socket queue
	ringRetireWait = 4*ringRetire + 500*time.Millisecond // Drain's bound on the kernel's hand-over
)

// A ring is the mapped TPACKET_V3 receive ring and the reader's position.
type ring struct {
	mem       []byte
	blockSize int
	blocks    int

	next int    // index of the block to read next
	cur  []byte // that block while it is being read (owned by user space)
	left int    // records left in cur
	off  int    // offset of the next record in cur
}

// ringGeometry returns the block size (a power of two of at least a page,
// holding one record of snapLen) and the number of blocks for bufSize.
// NB: blocks of 1 MiB instead of 512 KiB for the default 4 MiB ring (fewer
// wake-ups) made no difference in bench/capture.sh: the size libpcap picks
// for tcpdump stays.
func ringGeometry(snapLen, bufSize int) (blockSize, blocks int) {
	need := blockDescLen + frameNetOff + snapLen
	blockSize = os.Getpagesize()
	for blockSize < need {
		blockSize <<= 1
	}
	return blockSize, bufSize / blockSize
}

// setupRing switches the socket to TPACKET_V3 and maps a receive ring of
// about bufSize bytes, its pages mapped at once (MAP_POPULATE: one system
// call instead of a page fault per page). It returns nil, nil when bufSize is too small for a
// ring of ringMinBlocks blocks.
func setupRing(fd int, snapLen, bufSize int) (*ring, error) {
	blockSize, blocks := ringGeometry(snapLen, bufSize)
	if blocks < ringMinBlocks {
		return nil, nil
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_VERSION, unix.TPACKET_V3); err != nil {
		return nil, os.NewSyscallError("setsockopt PACKET_VERSION", err)
	}
	req := unix.TpacketReq3{
		Block_size:     uint32(blockSize),
		Block_nr:       uint32(blocks),
		Frame_size:     uint32(blockSize), // V3 packs records of any size; the kernel only checks the counts
		Frame_nr:       uint32(blocks),
		Retire_blk_tov: uint32(ringRetire / time.Millisecond),
	}
	if err := unix.SetsockoptTpacketReq3(fd, unix.SOL_PACKET, unix.PACKET_RX_RING, &req); err != nil {
		return nil, os.NewSyscallError("setsockopt PACKET_RX_RING", err)
	}
	mem, err := unix.Mmap(fd, 0, blockSize*blocks, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
	if err != nil {
		return nil, os.NewSyscallError("mmap", err)
	}
	return &ring{mem: mem, blockSize: blockSize, blocks: blocks}, nil
}

func (r *ring) block(i int) []byte { return r.mem[i*r.blockSize : (i+1)*r.blockSize] }

func word(b []byte, off int) *uint32 { return (*uint32)(unsafe.Pointer(&b[off])) }

// ready reports whether the kernel has handed over the next block.
func (r *ring) ready() bool {
	return r.cur != nil || atomic.LoadUint32(word(r.block(r.next), blockStatusOff))&unix.TP_STATUS_USER != 0
}

// pending returns the number of records in the next block while the kernel
// still fills it (0 once it is handed over, or when it is empty).
func (r *ring) pending() uint32 {
	b := r.block(r.next)
	if r.cur != nil || atomic.LoadUint32(word(b, blockStatusOff))&unix.TP_STATUS_USER != 0 {
		return 0
	}
	return atomic.LoadUint32(word(b, blockNumOff))
}

// release gives the current block back to the kernel.
func (r *ring) release() {
	atomic.StoreUint32(word(r.cur, blockStatusOff), unix.TP_STATUS_KERNEL)
	r.cur, r.left, r.off = nil, 0, 0
	r.next = (r.next + 1) % r.blocks
}

// take fills rec with the next record handed over by the kernel and reports
// whether there was one. rec.Data is the ring's memory: the block holding it
// stays user space's until the following call of take or done, which give
// it back to the kernel once all its records are taken.
func (r *ring) take(rec *nlcap.Record) (bool, error) {
	r.done()
	for {
		if r.cur == nil {
			b := r.block(r.next)
			if atomic.LoadUint32(word(b, blockStatusOff))&unix.TP_STATUS_USER == 0 {
				return false, nil
			}
			r.cur = b
			r.left = int(atomic.LoadUint32(word(b, blockNumOff)))
			r.off = int(*word(b, blockFirstOff))
			if r.left == 0 {
				r.release()
				continue
			}
		}
		err := r.parse(rec)
		r.left--
		if err != nil {
			r.release()
			return false, err
		}
		return true, nil
	}
}

// done gives the current block back to the kernel if all its records were
// taken.
func (r *ring) done() {
	if r.cur != nil && r.left == 0 {
		r.release()
	}
}

// nextRecord is take, with the record copied into rec.Data's own memory so
// that the block can be given back at once.
func (r *ring) nextRecord(rec *nlcap.Record) (bool, error) {
	buf := rec.Data
	ok, err := r.take(rec)
	if ok {
		rec.Data = append(buf[:0], rec.Data...)
	} else {
		rec.Data = buf[:0]
	}
	r.done()
	return ok, err
}

// parse decodes the record at r.off in the current block and moves r.off to
// the next one. It checks every offset the kernel wrote against the block.
func (r *ring) parse(rec *nlcap.Record) error {
	b, off := r.cur, r.off
	if off < blockDescLen || off > len(b)-sllOff-sllLen {
		return fmt.Errorf("ring: record offset %d out of block (%d bytes)", off, len(b))
	}
	h := (*unix.Tpacket3Hdr)(unsafe.Pointer(&b[off]))
	start := off + int(h.Net)
	end := start + int(h.Snaplen)
	if h.Net < sllOff+sllLen || end > len(b) || end < start {
		return fmt.Errorf("ring: record at %d: data [%d, %d) out of block (%d bytes)", off, start, end, len(b))
	}
	// sll_protocol, in network byte order: htons(family) set by the tap.
	proto := binary.BigEndian.Uint16(b[off+sllOff+2:])
	rec.Data = b[start:end:end]
	rec.OrigLen = max(int(h.Len), len(rec.Data))
	rec.Family = nlcap.Family(proto)
	rec.ByteOrder = binary.NativeEndian
	rec.Direction = inferDirection(rec.Data)
	rec.Interface = 0
	rec.Comment = ""
	rec.Timestamp = time.Unix(int64(h.Sec), int64(h.Nsec))
	if r.left > 1 {
		if h.Next_offset == 0 {
			return fmt.Errorf("ring: record at %d: no next offset with %d records left", off, r.left-1)
		}
		r.off = off + int(h.Next_offset)
	}
	return nil
}

// unmap unmaps the ring.
func (r *ring) unmap() error {
	r.cur = nil
	return unix.Munmap(r.mem)
}

// inferDirection is nlcap.InferDirection(data, binary.NativeEndian), which
// the compiler does not inline and which reads the header through the
// ByteOrder interface: three calls per record. This one is inlined.
func inferDirection(data []byte) nlcap.Direction {
	if len(data) < nlcap.NlmsgHdrLen {
		return nlcap.DirectionUnknown
	}
	if l := binary.NativeEndian.Uint32(data); l < nlcap.NlmsgHdrLen || int(l) > len(data) {
		return nlcap.DirectionUnknown
	}
	if binary.NativeEndian.Uint16(data[6:])&nlcap.FlagRequest != 0 {
		return nlcap.DirectionToKernel
	}
	return nlcap.DirectionFromKernel
}
