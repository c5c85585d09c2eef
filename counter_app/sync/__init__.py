"""Sync client: outbox, clocks, transport (architecture.md §3). The event store keeps
``device_state.push_acked_seq`` so "changes waiting to sync" is known from day one."""
