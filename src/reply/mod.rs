//! Replies: channel-neutral blocks and their renderers.
