-- Media requests look up the work an image belongs to (images of hidden works are not served publicly).
ALTER TABLE artwork_images ADD KEY ix_artwork_images_storage_key (storage_key);
