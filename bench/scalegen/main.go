// Command scalegen writes the hostile capture files of bench/scale.sh
// (issue 16) to stdout, as classic little-endian pcap:
//
//	scalegen unanswered N     N RTM_GETLINK requests that no answer follows
//	scalegen records N SIZE   N route records of SIZE bytes each, full of
//	                          16-byte messages (the tiniest netlink message)
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "scalegen: %v\n", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	num := func(i int) (int, error) {
		if i >= len(args) {
			return 0, fmt.Errorf("usage: scalegen unanswered N | records N SIZE")
		}
		return strconv.Atoi(args[i])
	}
	n, err := num(1)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(os.Stdout, 1<<20)
	w, err := pcap.NewWriter(bw, &pcap.WriterConfig{SnapLen: pcap.MaxRecordLen})
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	t0 := time.Unix(1795333820, 0)
	switch args[0] {
	case "unanswered":
		for i := range n {
			b := le.AppendUint32(nil, 32)
			b = le.AppendUint16(b, 18)  // RTM_GETLINK
			b = le.AppendUint16(b, 0x5) // NLM_F_REQUEST|NLM_F_ACK
			b = le.AppendUint32(b, uint32(i+1))
			b = le.AppendUint32(b, 0)
			b = append(b, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) // ifinfomsg, index 1
			rec := nlcap.Record{Timestamp: t0.Add(time.Duration(i) * time.Microsecond), Family: nlcap.FamilyRoute,
				ByteOrder: le, Data: b, OrigLen: len(b), Direction: nlcap.DirectionToKernel}
			if err := w.WriteRecord(rec); err != nil {
				return err
			}
		}
	case "records":
		size, err := num(2)
		if err != nil {
			return err
		}
		size = size &^ 15
		if size+nlcap.PseudoHeaderLen > pcap.MaxRecordLen {
			size = (pcap.MaxRecordLen - nlcap.PseudoHeaderLen) &^ 15
		}
		data := make([]byte, size)
		for off := 0; off < size; off += 16 {
			le.PutUint32(data[off:], 16)
			le.PutUint16(data[off+4:], 16) // RTM_NEWLINK, no body
			le.PutUint16(data[off+6:], 2)  // NLM_F_MULTI
			le.PutUint32(data[off+8:], 1)
			le.PutUint32(data[off+12:], 4321)
		}
		for i := range n {
			rec := nlcap.Record{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), Family: nlcap.FamilyRoute,
				ByteOrder: le, Data: data, OrigLen: size, Direction: nlcap.DirectionFromKernel}
			if err := w.WriteRecord(rec); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unknown kind %q", args[0])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}
