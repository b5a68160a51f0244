#pragma once
// What Triad does the first time it opens a workspace, so the first thing a person sees is a
// working comparison with no download, no account and no key: the built-in model
// (core/local/BundledModel.h) goes into the local-models catalogue and is loaded at start,
// and a "Welcome" session compares it with itself at two temperatures, a prompt ready to
// run. Runs once per workspace (the setting kDoneKey); a workspace that already has
// sessions keeps them and only gains the model in its catalogue.
//
//   prepareFirstStart(*workspace);   // before the views read the workspace

namespace triad::store {
class Workspace;
}

namespace triad::widgets {

inline constexpr const char* kFirstStartDoneKey = "app.first_start_done";

/** The catalogue id the bundled model gets (its file stem) and the local provider's id. */
inline constexpr const char* kBundledModelId = "triad-mini";
inline constexpr const char* kLocalProviderId = "local";

/**
 * Prepares @p workspace on its first opening (see above); does nothing on later ones.
 * Returns false when the bundled model is not installed (the workspace is still marked, so
 * Triad does not try again at every start). Store errors propagate as store::StoreError.
 */
bool prepareFirstStart(store::Workspace& workspace);

} // namespace triad::widgets
