package main

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// The ACPI thermal zone of e2e/scenarios/genl-thermal.sh. QEMU's pc and
// q35 machines describe no thermal zone, so the scenario's boot gets an
// SSDT (`-acpitable file=...`) that the harness assembles here, in AML
// bytes (ACPI 6.4 chapter 20), without iasl. In ASL it reads:
//
//	DefinitionBlock ("", "SSDT", 2, "NLCAP", "THERMAL", 1)
//	{
//	    // QEMU's pc-testdev (-device pc-testdev) keeps what is written
//	    // to I/O port 0xE0: the guest sets the temperature there in
//	    // degrees Celsius (0, the value at reset, reads as 30 °C).
//	    OperationRegion (\TPRT, SystemIO, 0xE0, 1)
//	    Field (\TPRT, ByteAcc, NoLock, Preserve) { TDEG, 8 }
//	    Device (\_SB.FAN0)           // the ACPI fan driver's "Fan" cooling device
//	    {
//	        Name (_HID, "PNP0C0B")
//	        Method (_PS0) { }        // D0: on (state 1)
//	        Method (_PS3) { }        // D3: off (state 0)
//	    }
//	    Scope (\_TZ)
//	    {
//	        ThermalZone (TZ0)
//	        {
//	            Method (_TMP) { If (TDEG) { Return (TDEG * 10 + 2732) } Return (3032) }
//	            Name (_CRT, 3782)    // 105 °C: never reached
//	            Name (_HOT, 3682)    //  95 °C
//	            Name (_PSV, 3332)    //  60 °C, passive, the CPU as cooling
//	            Name (_TC1, 2)
//	            Name (_TC2, 5)
//	            Name (_TSP, 10)      // passive sampling every 1 s
//	            Name (_PSL, Package () { \_SB.CPUS.C000 })
//	            Name (_AC0, 3182)    //  45 °C, active, the fan
//	            Name (_AL0, Package () { \_SB.FAN0 })
//	            Name (_TZP, 10)      // polled every 1 s
//	        }
//	    }
//	}
//
// drivers/acpi/thermal.c (6.1) registers a zone when one trip is valid:
// _CRT above 0 °C, _HOT, _PSV with _TC1, _TC2, _TSP and _PSL, or _ACx with
// _ALx; temperatures are tenths of kelvin (offset 2732 since _CRT % 5 != 1),
// which the thermal core turns into millidegrees Celsius. The trips are
// numbered critical (0), hot (1), passive (2), active 0 (3).
const (
	thermalPort    = 0xE0 // pc-testdev's ioport
	thermalDefault = 3032 // 30 °C
	thermalCrit    = 3782
	thermalHot     = 3682
	thermalPassive = 3332
	thermalActive0 = 3182
	thermalCPU     = `\_SB.CPUS.C000` // QEMU's first CPU (hw/acpi/cpu.c CPU_NAME_FMT)
	thermalFan     = `\_SB.FAN0`
)

// AML opcodes (ACPI 6.4 section 20.3).
const (
	amlZero        = 0x00
	amlOne         = 0x01
	amlNameOp      = 0x08
	amlBytePrefix  = 0x0A
	amlWordPrefix  = 0x0B
	amlDWordPrefix = 0x0C
	amlStrPrefix   = 0x0D
	amlQWordPrefix = 0x0E
	amlScopeOp     = 0x10
	amlPackageOp   = 0x12
	amlMethodOp    = 0x14
	amlDualName    = 0x2E
	amlMultiName   = 0x2F
	amlExtOp       = 0x5B
	amlRootChar    = 0x5C
	amlAddOp       = 0x72
	amlMultiplyOp  = 0x77
	amlIfOp        = 0xA0
	amlReturnOp    = 0xA4
	amlNullName    = 0x00
	// after amlExtOp
	amlOpRegionOp    = 0x80
	amlFieldOp       = 0x81
	amlDeviceOp      = 0x82
	amlThermalZoneOp = 0x85
	// OperationRegion space and field flags
	amlSystemIO = 0x01
	amlByteAcc  = 0x01
)

// amlWriter assembles AML; the first error sticks (Err).
type amlWriter struct{ err error }

// pkg prefixes body with its PkgLength, which counts its own bytes
// (section 20.2.4): one byte below 64, else a lead byte holding the count
// of following bytes and the low nibble.
func (w *amlWriter) pkg(body ...[]byte) []byte {
	b := cat(body...)
	n := len(b)
	if n+1 < 0x40 {
		return append([]byte{byte(n + 1)}, b...)
	}
	for extra := 1; extra <= 3; extra++ {
		total := n + 1 + extra
		if total < 1<<(4+8*extra) {
			out := []byte{byte(extra<<6) | byte(total&0x0f)}
			for i := 0; i < extra; i++ {
				out = append(out, byte(total>>(4+8*i)))
			}
			return append(out, b...)
		}
	}
	w.fail(fmt.Errorf("aml: package of %d bytes is too long", n))
	return nil
}

func (w *amlWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// name encodes a NameString: an optional root `\`, then one segment, a
// DualNamePrefix pair or a MultiNamePrefix list; segments shorter than
// four characters are padded with '_'.
func (w *amlWriter) name(path string) []byte {
	var out []byte
	if rest, ok := strings.CutPrefix(path, `\`); ok {
		out, path = append(out, amlRootChar), rest
	}
	segs := strings.Split(path, ".")
	switch {
	case len(segs) == 2:
		out = append(out, amlDualName)
	case len(segs) > 2:
		if len(segs) > 255 {
			w.fail(fmt.Errorf("aml: name %q has too many segments", path))
			return nil
		}
		out = append(out, amlMultiName, byte(len(segs)))
	}
	for _, s := range segs {
		if s == "" || len(s) > 4 || !validSeg(s) {
			w.fail(fmt.Errorf("aml: bad name segment %q in %q", s, path))
			return nil
		}
		out = append(out, s...)
		out = append(out, strings.Repeat("_", 4-len(s))...)
	}
	return out
}

// validSeg says whether s is a NameSeg: a LeadNameChar (A-Z, _) then
// DigitChars or LeadNameChars.
func validSeg(s string) bool {
	for i, c := range []byte(s) {
		switch {
		case c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// integer encodes a constant in its shortest form.
func integer(v uint64) []byte {
	switch {
	case v == 0:
		return []byte{amlZero}
	case v == 1:
		return []byte{amlOne}
	case v <= 0xff:
		return []byte{amlBytePrefix, byte(v)}
	case v <= 0xffff:
		return binary.LittleEndian.AppendUint16([]byte{amlWordPrefix}, uint16(v))
	case v <= 0xffffffff:
		return binary.LittleEndian.AppendUint32([]byte{amlDWordPrefix}, uint32(v))
	}
	return binary.LittleEndian.AppendUint64([]byte{amlQWordPrefix}, v)
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// named is Name (path, value).
func (w *amlWriter) named(path string, value []byte) []byte {
	return cat([]byte{amlNameOp}, w.name(path), value)
}

// method is Method (path, 0, NotSerialized) { body }.
func (w *amlWriter) method(path string, body ...[]byte) []byte {
	return cat([]byte{amlMethodOp}, w.pkg(cat(w.name(path), []byte{0}), cat(body...)))
}

// refs is Package () { paths... }: name strings the interpreter resolves
// to references when the package is evaluated.
func (w *amlWriter) refs(paths ...string) []byte {
	if len(paths) > 255 {
		w.fail(fmt.Errorf("aml: package of %d elements", len(paths)))
		return nil
	}
	var elems []byte
	for _, p := range paths {
		elems = append(elems, w.name(p)...)
	}
	return cat([]byte{amlPackageOp}, w.pkg([]byte{byte(len(paths))}, elems))
}

// str is a String constant.
func str(s string) []byte { return cat([]byte{amlStrPrefix}, []byte(s), []byte{0}) }

// thermalSSDTBody is the AML of the table's definition block.
func (w *amlWriter) thermalSSDTBody() []byte {
	region := cat([]byte{amlExtOp, amlOpRegionOp}, w.name(`\TPRT`), []byte{amlSystemIO}, integer(thermalPort), integer(1))
	// Field (\TPRT, ByteAcc, NoLock, Preserve) { TDEG, 8 }: a NamedField
	// is a NameSeg and its bit width as a PkgLength.
	field := cat([]byte{amlExtOp, amlFieldOp}, w.pkg(w.name(`\TPRT`), []byte{amlByteAcc}, w.name("TDEG"), []byte{8}))
	fan := cat([]byte{amlExtOp, amlDeviceOp}, w.pkg(w.name(thermalFan),
		w.named("_HID", str("PNP0C0B")),
		w.method("_PS0"),
		w.method("_PS3")))
	// If (TDEG) { Return (TDEG * 10 + 2732) } Return (3032)
	tmp := w.method("_TMP",
		[]byte{amlIfOp}, w.pkg(w.name("TDEG"),
			[]byte{amlReturnOp, amlAddOp, amlMultiplyOp}, w.name("TDEG"), integer(10), []byte{amlNullName},
			integer(2732), []byte{amlNullName}),
		[]byte{amlReturnOp}, integer(thermalDefault))
	zone := cat([]byte{amlExtOp, amlThermalZoneOp}, w.pkg(w.name("TZ0"),
		tmp,
		w.named("_CRT", integer(thermalCrit)),
		w.named("_HOT", integer(thermalHot)),
		w.named("_PSV", integer(thermalPassive)),
		w.named("_TC1", integer(2)),
		w.named("_TC2", integer(5)),
		w.named("_TSP", integer(10)),
		w.named("_PSL", w.refs(thermalCPU)),
		w.named("_AC0", integer(thermalActive0)),
		w.named("_AL0", w.refs(thermalFan)),
		w.named("_TZP", integer(10))))
	scope := cat([]byte{amlScopeOp}, w.pkg(w.name(`\_TZ`), zone))
	return cat(region, field, fan, scope)
}

// acpiTable wraps an AML body in the 36-byte ACPI table header (section
// 5.2.6): signature, length, revision, checksum (all bytes sum to 0),
// OEM id, OEM table id, OEM revision, creator id and revision.
func acpiTable(sig, oem, oemTable string, body []byte) ([]byte, error) {
	if len(sig) != 4 || len(oem) > 6 || len(oemTable) > 8 {
		return nil, fmt.Errorf("acpi table header: bad signature %q, OEM id %q or table id %q", sig, oem, oemTable)
	}
	t := make([]byte, 36, 36+len(body))
	copy(t[0:4], sig)
	binary.LittleEndian.PutUint32(t[4:8], uint32(36+len(body)))
	t[8] = 2 // revision 2: 64-bit integers
	copy(t[10:16], oem+strings.Repeat(" ", 6-len(oem)))
	copy(t[16:24], oemTable+strings.Repeat(" ", 8-len(oemTable)))
	binary.LittleEndian.PutUint32(t[24:28], 1)
	copy(t[28:32], "NLCP")
	binary.LittleEndian.PutUint32(t[32:36], 1)
	t = append(t, body...)
	var sum byte
	for _, c := range t {
		sum += c
	}
	t[9] = -sum
	return t, nil
}

// thermalSSDT is the table genl-thermal.sh's boot loads.
func thermalSSDT() ([]byte, error) {
	var w amlWriter
	body := w.thermalSSDTBody()
	if w.err != nil {
		return nil, w.err
	}
	return acpiTable("SSDT", "NLCAP", "THERMAL", body)
}
