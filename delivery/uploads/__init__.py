"""Bulk uploads of delivery records (CSV or XLSX): one module a record type, each making a
`flow.Layout`; `flow` checks a whole file and stores all of it or none of it."""
