// result.hpp: Result<T> and Error, crimescope's expected-like type for whole-input failures.
// Core never throws across its API (emscripten builds abort on an uncaught throw); it returns these.
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace crimescope {

enum class ErrorKind { Io, Format, Corrupt, Version, MissingColumn, Profile, Model, Invalid };

const char* error_kind_name(ErrorKind kind);

// An error with a location written as compilers do: `file:line:field: message`.
struct Error {
    ErrorKind kind = ErrorKind::Invalid;
    std::string message;
    std::string file;    // empty when not about a file
    long line = 0;       // 1-based physical line; 0 when not about a line
    std::string field;   // header name or `#col`; empty when not about a field

    std::string to_string() const;
};

Error make_error(ErrorKind kind, std::string message, std::string file = {}, long line = 0,
                 std::string field = {});

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}
    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &std::get<0>(m_v); }
    const T* operator->() const { return &std::get<0>(m_v); }
    T& operator*() & { return std::get<0>(m_v); }
    const Error& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Result<void>
struct Ok {};
using Status = Result<Ok>;

}  // namespace crimescope
