"""The media library: content-addressed store, blobs in the database, probing, thumbnails, add/approve."""
