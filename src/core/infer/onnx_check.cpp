// onnx_check.cpp: see onnx_check.hpp. Protobuf wire format: each field is a varint key (field number << 3 |
// wire type) followed by a varint (0), 8 bytes (1), a varint length and that many bytes (2) or 4 bytes (5).
#include "infer/onnx_check.hpp"

namespace crimescope::infer {

namespace {

// Reads a varint at data[at..size); false when it runs past the end or over 10 bytes.
bool varint(const uint8_t* data, size_t size, size_t& at, uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= size) return false;
        const uint8_t b = data[at++];
        out |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

}  // namespace

Status check_onnx_bytes(const uint8_t* data, size_t size, const std::string& file) {
    auto bad = [&](const std::string& what) {
        return make_error(ErrorKind::Model, "not an ONNX model (" + what + ")", file);
    };
    if (size == 0) return bad("empty file");
    if (size > kMaxModelBytes) return bad(std::to_string(size) + " bytes, over the limit of " + std::to_string(kMaxModelBytes));
    size_t at = 0;
    uint64_t ir_version = 0;
    bool has_graph = false, has_ir = false, has_opset = false;
    while (at < size) {
        const size_t field_at = at;
        uint64_t key = 0;
        if (!varint(data, size, at, key)) return bad("truncated field key at byte " + std::to_string(field_at));
        const uint64_t number = key >> 3, wire = key & 7;
        if (number == 0 || number > 536870911) return bad("invalid field number at byte " + std::to_string(field_at));
        uint64_t v = 0;
        switch (wire) {
        case 0:
            if (!varint(data, size, at, v)) return bad("truncated value at byte " + std::to_string(field_at));
            if (number == 1) { ir_version = v; has_ir = true; }
            break;
        case 1:
            if (size - at < 8) return bad("truncated value at byte " + std::to_string(field_at));
            at += 8;
            break;
        case 2:
            if (!varint(data, size, at, v)) return bad("truncated length at byte " + std::to_string(field_at));
            if (v > size - at)
                return bad("field " + std::to_string(number) + " at byte " + std::to_string(field_at) + " runs " +
                           std::to_string(v - (size - at)) + " bytes past the end: truncated");
            if (number == 7 && v > 0) has_graph = true;
            if (number == 8 && v > 0) has_opset = true;
            at += static_cast<size_t>(v);
            break;
        case 5:
            if (size - at < 4) return bad("truncated value at byte " + std::to_string(field_at));
            at += 4;
            break;
        default:
            return bad("invalid wire type " + std::to_string(wire) + " at byte " + std::to_string(field_at));
        }
        // ModelProto's ir_version (1) is a varint, graph (7) and opset_import (8) messages.
        if ((number == 1 && wire != 0) || ((number == 7 || number == 8) && wire != 2)) return bad("field " + std::to_string(number) + " has the wrong type");
    }
    if (!has_ir || ir_version == 0 || ir_version > 100) return bad("no ir_version");
    if (!has_graph) return bad("no graph");
    if (!has_opset) return bad("no opset_import");   // required since ir_version 3; the last field torch writes
    return Ok{};
}

}  // namespace crimescope::infer
