#pragma once
// Defensive checks that keep API keys out of the workspace and out of exports.
// They back up the rule "keys live in the keychain or the environment, never in the
// workspace": a GUI bug that puts a key into a header or the env-var field is refused
// instead of silently written to disk.

#include <string_view>

namespace triad::store {

/** True for headers that carry credentials (Authorization, x-api-key, cookies, *token*...). */
bool isCredentialHeader(std::string_view headerName);

/**
 * True for values shaped like a credential: "Bearer …"/"Basic …", well-known key prefixes
 * (sk-, fw_, gsk_, hf_, xai-, …) or a long token mixing upper case, lower case and digits.
 */
bool looksLikeSecret(std::string_view value);

/** A portable environment variable name: [A-Za-z_][A-Za-z0-9_]*, at most 128 characters. */
bool isValidEnvVarName(std::string_view name);

} // namespace triad::store
