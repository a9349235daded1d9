#!/usr/bin/env python3
"""zlwire: reference reader and writer of the ZapLoop wire format, written from protocol/WIRE-FORMAT.md
with nothing but the Python standard library (struct, json, base64).

usage:
  zlwire.py FILE           decode a binary record (ZLPL, ZLEP, ZLNT, ZLTR, ZLFC, ZLSA) or a JSON record
                           and print {"format": ..., "record": {...}} as JSON. NaN prints as "NaN",
                           uint16 pixels as unsigned integers, float32 values as the doubles they widen to.
  zlwire.py encode FILE    read {"format": ..., "record": {...}} (the .expected.json shape) and write the
                           binary record to stdout.

Exit status: 0 ok, 1 malformed record (the reason goes to stderr), 2 usage.
The Java side (protocol/src/test) runs this on every golden vector and compares with the .expected.json.
"""

import json
import math
import struct
import sys

VERSION = 1
PREAMBLE = 8
MAX_STRING_BYTES = 256
MAX_PLANE_DIM = 4096
MAX_CHANNELS = 1024
MAX_EPHYS_SAMPLES = 65536
MAX_EPHYS_VALUES = 4 * 1024 * 1024
MAX_NEURONS_PER_BLOCK = 65536
MAX_FOOTPRINT_VOXELS = 16 * 1024 * 1024
MAX_HORIZON = 1024
MAX_FORECAST_VALUES = 4 * 1024 * 1024
MAX_POPULATIONS = 65536
MAX_JSON_BYTES = 1024 * 1024
MAX_DEAD_LETTER_JSON_BYTES = 16 * 1024 * 1024


class Malformed(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------
# Header layouts: (strings, fixed fields). Fixed fields are (name, struct code) read in order after the
# strings; all little-endian. 'q' int64, 'i' int32, 'd' float64, 'f' float32, 'B' uint8.
# ---------------------------------------------------------------------------------------------------------
HEADERS = {
    "ZLPL": (["session"], [("frame", "q"), ("acquisitionNs", "q"), ("z", "i"), ("planesPerVolume", "i"),
                           ("planeWidth", "i"), ("planeHeight", "i"), ("x0", "i"), ("y0", "i"),
                           ("width", "i"), ("height", "i")]),
    "ZLEP": (["session"], [("firstSample", "q"), ("acquisitionNs", "q"), ("sampleRateHz", "d"),
                           ("channels", "i"), ("samples", "i"), ("sampleType", "B"), ("scale", "f")]),
    "ZLNT": (["session"], [("version", "q"), ("acquisitionNs", "q"), ("block", "i"), ("firstNeuron", "i"),
                           ("neuronCount", "i"), ("totalNeurons", "i"), ("width", "i"), ("height", "i"),
                           ("depth", "i"), ("footprintVoxelCount", "i"), ("flags", "i")]),
    "ZLTR": (["session"], [("frame", "q"), ("acquisitionNs", "q"), ("block", "i"), ("firstNeuron", "i"),
                           ("neuronCount", "i"), ("flags", "i")]),
    "ZLFC": (["session", "forecaster"], [("frame", "q"), ("acquisitionNs", "q"), ("block", "i"),
                                         ("firstNeuron", "i"), ("neuronCount", "i"), ("context", "i"),
                                         ("horizon", "i")]),
    "ZLSA": (["session", "region"], [("acquisitionNs", "q"), ("simTimeNs", "q"), ("populationCount", "i"),
                                     ("trackingError", "f")]),
}
SAMPLE_TYPES = ["FLOAT32", "INT16"]


def f32(x):
    """Rounds a Python float to the nearest float32, as Java's (float) cast does."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


class Reader:
    def __init__(self, data):
        self.data = data
        if len(data) < PREAMBLE:
            raise Malformed("truncated: %d bytes, the preamble alone is %d" % (len(data), PREAMBLE))
        self.magic = data[0:4].decode("ascii", "replace")
        if self.magic not in HEADERS:
            raise Malformed("bad magic: %r" % data[0:4])
        version, self.header_end = struct.unpack_from("<HH", data, 4)
        if version != VERSION:
            raise Malformed("unknown version %d" % version)
        if self.header_end < PREAMBLE:
            raise Malformed("header length %d is shorter than the preamble" % self.header_end)
        if self.header_end > len(data):
            raise Malformed("truncated: header length %d, %d bytes present" % (self.header_end, len(data)))
        self.pos = PREAMBLE

    def need(self, field, n):
        if self.pos + n > self.header_end:
            raise Malformed("header too short: header length %d ends inside field '%s'" % (self.header_end, field))

    def field(self, name, code):
        size = struct.calcsize("<" + code)
        self.need(name, size)
        (v,) = struct.unpack_from("<" + code, self.data, self.pos)
        self.pos += size
        return v

    def string(self, name):
        n = self.field(name, "H")
        if n > MAX_STRING_BYTES:
            raise Malformed("field '%s': string of %d bytes exceeds %d" % (name, n, MAX_STRING_BYTES))
        self.need(name, n)
        raw = self.data[self.pos:self.pos + n]
        self.pos += n
        try:
            return raw.decode("utf-8", "strict")
        except UnicodeDecodeError:
            raise Malformed("field '%s': invalid UTF-8" % name)

    def end_header(self, expected, what):
        # Fields a later writer appended to the header are skipped: arrays start at header_end.
        self.pos = self.header_end
        present = len(self.data) - self.pos
        if present < expected:
            raise Malformed("truncated: header says %d %s bytes, %d present" % (expected, what, present))
        if present > expected:
            raise Malformed("trailing bytes: header says %d %s bytes, %d present" % (expected, what, present))

    def array(self, code, count):
        size = struct.calcsize("<" + code) * count
        values = list(struct.unpack_from("<%d%s" % (count, code), self.data, self.pos))
        self.pos += size
        return values


def in_range(h, name, lo, hi):
    if not lo <= h[name] <= hi:
        raise Malformed("field '%s': %d out of range [%d, %d]" % (name, h[name], lo, hi))
    return h[name]


def finite(name, values):
    for i, v in enumerate(values):
        if not math.isfinite(v):
            raise Malformed("field '%s'[%d] must be finite, got %r" % (name, i, v))
    return values


def decode_binary(data):
    r = Reader(data)
    strings, fixed = HEADERS[r.magic]
    h = {}
    for s in strings:
        h[s] = r.string(s)
    for name, code in fixed:
        h[name] = r.field(name, code)
    m = r.magic
    if m == "ZLPL":
        w = in_range(h, "width", 1, MAX_PLANE_DIM)
        hh = in_range(h, "height", 1, MAX_PLANE_DIM)
        r.end_header(2 * w * hh, "pixel")
        h["pixels"] = r.array("H", w * hh)
    elif m == "ZLEP":
        c = in_range(h, "channels", 1, MAX_CHANNELS)
        s = in_range(h, "samples", 1, MAX_EPHYS_SAMPLES)
        if h["sampleType"] >= len(SAMPLE_TYPES):
            raise Malformed("field 'sampleType': unknown value %d" % h["sampleType"])
        if c * s > MAX_EPHYS_VALUES:
            raise Malformed("channels x samples = %d exceeds %d" % (c * s, MAX_EPHYS_VALUES))
        h["sampleType"] = SAMPLE_TYPES[h["sampleType"]]
        if h["sampleType"] == "FLOAT32":
            r.end_header(4 * c * s, "float32 sample")
            h["data"] = finite("data", r.array("f", c * s))
        else:
            r.end_header(2 * c * s, "int16 sample")
            scale = h["scale"]
            h["data"] = [f32(q * scale) for q in r.array("h", c * s)]
    elif m == "ZLNT":
        n = in_range(h, "neuronCount", 0, MAX_NEURONS_PER_BLOCK)
        nnz = in_range(h, "footprintVoxelCount", 0, MAX_FOOTPRINT_VOXELS)
        flags = h.pop("flags")
        if flags & ~1:
            raise Malformed("field 'flags': unknown bits %x" % (flags & ~1))
        weighted = bool(flags & 1)
        r.end_header(4 * (4 * n + (n + 1) + nnz + (nnz if weighted else 0)), "array")
        h["ids"] = r.array("i", n)
        h["centroidX"] = finite("centroidX", r.array("f", n))
        h["centroidY"] = finite("centroidY", r.array("f", n))
        h["centroidZ"] = finite("centroidZ", r.array("f", n))
        h["footprintStart"] = r.array("i", n + 1)
        h["footprintVoxels"] = r.array("i", nnz)
        h["footprintWeights"] = finite("footprintWeights", r.array("f", nnz)) if weighted else None
        start = h["footprintStart"]
        if start[0] != 0 or start[-1] != nnz or any(b < a for a, b in zip(start, start[1:])):
            raise Malformed("field 'footprintStart' must run from 0 to %d without decreasing" % nnz)
        voxels = h["width"] * h["height"] * h["depth"]
        if any(not 0 <= v < voxels for v in h["footprintVoxels"]):
            raise Malformed("field 'footprintVoxels' has an index outside the volume")
        del h["neuronCount"], h["footprintVoxelCount"]
    elif m == "ZLTR":
        n = in_range(h, "neuronCount", 1, MAX_NEURONS_PER_BLOCK)
        flags = h.pop("flags")
        if flags & ~3:
            raise Malformed("field 'flags': unknown bits 0x%x" % (flags & ~3))
        has_raw = bool(flags & 2)
        r.end_header(4 * n * (2 if has_raw else 1), "float32 trace")
        h["partialFrame"] = bool(flags & 1)
        h["dff"] = finite("dff", r.array("f", n))
        h["raw"] = finite("raw", r.array("f", n)) if has_raw else []
        del h["neuronCount"]
    elif m == "ZLFC":
        n = in_range(h, "neuronCount", 1, MAX_NEURONS_PER_BLOCK)
        horizon = in_range(h, "horizon", 1, MAX_HORIZON)
        if n * horizon > MAX_FORECAST_VALUES:
            raise Malformed("horizon x neuronCount = %d exceeds %d" % (n * horizon, MAX_FORECAST_VALUES))
        r.end_header(4 * n * horizon, "float32 forecast")
        h["values"] = finite("values", r.array("f", n * horizon))
    elif m == "ZLSA":
        n = in_range(h, "populationCount", 1, MAX_POPULATIONS)
        r.end_header(8 * n, "float32 population")
        h["rateHz"] = finite("rateHz", r.array("f", n))
        h["meanDff"] = finite("meanDff", r.array("f", n))
        if math.isinf(h["trackingError"]):
            raise Malformed("field 'trackingError' must be finite or NaN")
    return {"format": m, "record": order(m, h)}


# Field order of the printed record: the Java record's component order.
ORDER = {
    "ZLPL": ["session", "frame", "z", "planesPerVolume", "acquisitionNs", "planeWidth", "planeHeight",
             "x0", "y0", "width", "height", "pixels"],
    "ZLEP": ["session", "firstSample", "sampleRateHz", "acquisitionNs", "channels", "samples", "sampleType",
             "scale", "data"],
    "ZLNT": ["session", "version", "block", "firstNeuron", "totalNeurons", "width", "height", "depth",
             "acquisitionNs", "ids", "centroidX", "centroidY", "centroidZ", "footprintStart",
             "footprintVoxels", "footprintWeights"],
    "ZLTR": ["session", "frame", "block", "firstNeuron", "acquisitionNs", "partialFrame", "dff", "raw"],
    "ZLFC": ["session", "forecaster", "frame", "block", "firstNeuron", "neuronCount", "context", "horizon",
             "acquisitionNs", "values"],
    "ZLSA": ["session", "region", "acquisitionNs", "simTimeNs", "populationCount", "rateHz", "meanDff",
             "trackingError"],
}


def order(magic, h):
    return {k: h[k] for k in ORDER[magic]}


# ---------------------------------------------------------------------------------------------------------
# Encoding: the inverse, from the printed shape.
# ---------------------------------------------------------------------------------------------------------
def encode_binary(doc):
    m = doc["format"]
    rec = dict(doc["record"])
    strings, fixed = HEADERS[m]
    arrays = b""
    if m == "ZLPL":
        arrays = struct.pack("<%dH" % len(rec["pixels"]), *rec["pixels"])
    elif m == "ZLEP":
        n = len(rec["data"])
        if rec["sampleType"] == "FLOAT32":
            arrays = struct.pack("<%df" % n, *rec["data"])
        else:
            scale = f32(rec["scale"])
            counts = [max(-32768, min(32767, round_half_up(v / scale))) for v in rec["data"]]
            arrays = struct.pack("<%dh" % n, *counts)
        rec["sampleType"] = SAMPLE_TYPES.index(rec["sampleType"])
    elif m == "ZLNT":
        n = len(rec["ids"])
        weights = rec["footprintWeights"]
        rec["neuronCount"] = n
        rec["footprintVoxelCount"] = len(rec["footprintVoxels"])
        rec["flags"] = 0 if weights is None else 1
        arrays = (struct.pack("<%di" % n, *rec["ids"]) + struct.pack("<%df" % n, *rec["centroidX"])
                  + struct.pack("<%df" % n, *rec["centroidY"]) + struct.pack("<%df" % n, *rec["centroidZ"])
                  + struct.pack("<%di" % (n + 1), *rec["footprintStart"])
                  + struct.pack("<%di" % len(rec["footprintVoxels"]), *rec["footprintVoxels"])
                  + (b"" if weights is None else struct.pack("<%df" % len(weights), *weights)))
    elif m == "ZLTR":
        n = len(rec["dff"])
        rec["neuronCount"] = n
        rec["flags"] = (1 if rec["partialFrame"] else 0) | (2 if rec["raw"] else 0)
        arrays = struct.pack("<%df" % n, *rec["dff"]) + struct.pack("<%df" % len(rec["raw"]), *rec["raw"])
    elif m == "ZLFC":
        arrays = struct.pack("<%df" % len(rec["values"]), *rec["values"])
    elif m == "ZLSA":
        n = rec["populationCount"]
        arrays = struct.pack("<%df" % n, *rec["rateHz"]) + struct.pack("<%df" % n, *rec["meanDff"])
        if rec["trackingError"] == "NaN":
            rec["trackingError"] = float("nan")
    header = b""
    for s in strings:
        raw = rec[s].encode("utf-8")
        header += struct.pack("<H", len(raw)) + raw
    for name, code in fixed:
        header += struct.pack("<" + code, rec[name])
    preamble = m.encode("ascii") + struct.pack("<HH", VERSION, PREAMBLE + len(header))
    return preamble + header + arrays


def round_half_up(x):
    """Java's Math.round: floor(x + 0.5)."""
    return math.floor(x + 0.5)


# ---------------------------------------------------------------------------------------------------------
# JSON records: strict parse, then the record type is recognised by its distinctive field.
# ---------------------------------------------------------------------------------------------------------
JSON_TYPES = [("sourceTopic", "DeadLetter"), ("decision", "AuditRecord"), ("maePerStep", "ForecastScore"),
              ("vigor", "Behavior"), ("kind", "RigEvent"), ("validUntilNs", "StimulusCommand")]


def reject_constant(name):
    raise Malformed("not valid JSON: %s is not a JSON number" % name)


def reject_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise Malformed("not valid JSON: duplicate field '%s'" % k)
        obj[k] = v
    return obj


def decode_json(data):
    if len(data) > MAX_DEAD_LETTER_JSON_BYTES:
        raise Malformed("too large: %d bytes" % len(data))
    try:
        obj = json.loads(data.decode("utf-8"), parse_constant=reject_constant,
                         object_pairs_hook=reject_duplicates)
    except (ValueError, RecursionError) as e:
        raise Malformed("not valid JSON: %s" % e)
    if not isinstance(obj, dict):
        raise Malformed("expected a JSON object")
    for field, name in JSON_TYPES:
        if field in obj:
            if name != "DeadLetter" and len(data) > MAX_JSON_BYTES:
                raise Malformed("%s: too large: %d bytes" % (name, len(data)))
            return {"format": name, "record": obj}
    raise Malformed("unrecognised JSON record")


def decode(data):
    if data[:1] == b"{" or data[:1].isspace():
        return decode_json(data)
    return decode_binary(data)


def printable(x):
    """NaN is not JSON: it prints as the string "NaN", like the .expected.json files."""
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    if isinstance(x, dict):
        return {k: printable(v) for k, v in x.items()}
    if isinstance(x, list):
        return [printable(v) for v in x]
    return x


def main(argv):
    if len(argv) == 2 and argv[1] not in ("-h", "--help"):
        with open(argv[1], "rb") as f:
            data = f.read()
        try:
            print(json.dumps(printable(decode(data)), indent=2, allow_nan=False))
        except Malformed as e:
            print("malformed: %s" % e, file=sys.stderr)
            return 1
        return 0
    if len(argv) == 3 and argv[1] == "encode":
        with open(argv[2], "rb") as f:
            doc = json.loads(f.read().decode("utf-8"))
        sys.stdout.buffer.write(encode_binary(doc))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
