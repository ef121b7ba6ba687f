package pcap_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/pcap"
)

// ExampleReader reads a capture and prints each record, carrying on after a
// bad one.
func ExampleReader() {
	// A classic pcap file with one good record and one too short for the
	// cooked header (in real code: pcap.Open(name), or os.Stdin).
	var file bytes.Buffer
	w, _ := pcap.NewWriter(&file, &pcap.WriterConfig{ByteOrder: binary.LittleEndian})
	w.WriteRecord(nlcap.Record{
		Timestamp: time.Unix(1795333764, 87429000),
		Family:    nlcap.FamilyGeneric,
		ByteOrder: binary.LittleEndian,
		Data:      pcapNanoLittleEndianRecord.Data,
	})
	w.Flush()
	file.Write([]byte{1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef})

	r, err := pcap.NewReader(&file)
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		rec, err := r.ReadRecord()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *pcap.RecordError
		if errors.As(err, &re) {
			fmt.Printf("[bad record %d: % x]\n", re.Index, rec.Data)
			continue
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(rec.Timestamp.Format(time.RFC3339Nano), rec.Family, rec.Direction, len(rec.Data), "bytes")
	}
	// Output:
	// 2026-11-22T07:49:24.087429Z generic to-kernel 20 bytes
	// [bad record 2: de ad be ef]
}

// ExampleWriter writes a pcapng file with nlcap's section comments and a
// statistics block, and reads them back.
func ExampleWriter() {
	var file bytes.Buffer
	w, err := pcap.NewWriter(&file, &pcap.WriterConfig{
		Format: pcap.FormatPcapng,
		Comments: []string{
			pcap.FormatKernelComment("6.1.0-56-amd64"),
			pcap.FormatGenlFamiliesComment(map[uint16]string{0x14: "ethtool", 0x10: "nlctrl"}),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.WriteRecord(pcapngBigEndianRecord)
	w.WriteStats(1, 0)
	if err := w.Flush(); err != nil {
		fmt.Println(err)
		return
	}

	r, _ := pcap.NewReader(&file)
	rec, _ := r.ReadRecord()
	fmt.Println(rec.Family, rec.Direction, rec.ByteOrder)
	for _, c := range r.SectionComments() {
		if m, ok := pcap.ParseGenlFamiliesComment(c); ok {
			fmt.Println("genl", m)
		} else if rel, ok := pcap.ParseKernelComment(c); ok {
			fmt.Println("kernel", rel)
		}
	}
	r.ReadRecord() // io.EOF; the statistics are complete
	fmt.Printf("%+v\n", r.InterfaceStats())
	// Output:
	// route from-kernel BigEndian
	// kernel 6.1.0-56-amd64
	// genl map[16:nlctrl 20:ethtool]
	// [{Section:0 Interface:0 Name:nlmon0 Received:1 Dropped:0 HasReceived:true HasDropped:true}]
}

// ExampleParseGenlFamiliesComment shows the comment format.
func ExampleParseGenlFamiliesComment() {
	c := pcap.FormatGenlFamiliesComment(map[uint16]string{0x10: "nlctrl", 0x14: "ethtool", 0x123: "wireguard"})
	fmt.Println(c)
	m, ok := pcap.ParseGenlFamiliesComment(c)
	fmt.Println(m[0x123], ok)
	// Output:
	// nlcap.genl-families: 0x10=nlctrl,0x14=ethtool,0x123=wireguard
	// wireguard true
}
