"""Building outputs: output names and up-to-date checks, batches over cores, atomic writing, contact sheets, the reference document."""
