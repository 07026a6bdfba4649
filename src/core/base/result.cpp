#include "base/result.hpp"

namespace crimescope {

const char* error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::Io: return "I/O error";
        case ErrorKind::Format: return "format error";
        case ErrorKind::Corrupt: return "corrupt file";
        case ErrorKind::Version: return "unsupported version";
        case ErrorKind::MissingColumn: return "missing column";
        case ErrorKind::Profile: return "profile error";
        case ErrorKind::Model: return "model error";
        case ErrorKind::Invalid: return "invalid input";
    }
    return "error";
}

std::string Error::to_string() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line);
        if (!field.empty()) out += ":" + field;
        out += ": ";
    }
    out += message;
    return out;
}

Error make_error(ErrorKind kind, std::string message, std::string file, long line, std::string field) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    e.file = std::move(file);
    e.line = line;
    e.field = std::move(field);
    return e;
}

}  // namespace crimescope
