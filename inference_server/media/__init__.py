"""Media: locate, fingerprint, probe and decode a clip once for every analyzer."""
