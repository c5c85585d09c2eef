"""The office hub (docs/OFFICE.md): the sync server as the single issuer of ticket numbers
and the single arbiter of calls for each office."""
