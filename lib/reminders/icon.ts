/**
 * The reminder notifications' icon (64×64 PNG: a white clock on ProofTrail blue), inline so that
 * it needs no packaged file; Chromium's notifications require one.
 */
export const REMINDER_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAABKklEQVR42u2b0REDIQhEr5PrKP2k+lwJUdkV8N7O5C8qPG8cRLguhIZ1f76/Dr9XOm2B0d35EIRTnF+CcJrzUxBOdX4IwunO/4UAAPPCo0oBkO30bhh2AGq1AeBWaQC7VA6A0vhdIGQAnIY655YAiBgX+a8Cgh3A7FjnWhYAUWNU41YhhAAojFCOXZkDAKsAVJ+gevzsPFIAigNUdQhbAShPYReA0blkAFRBjjJYAoADgDvMVYfLWwAoL1DqyxgAugGI3PwA0BGAMgECgM4AXBABUD0Qcqfhy4fCmbsPgArX4czPv0RCJHP3S6TEMne/RFI003kAVHgYyXS+xNNY9lrpj6PZ6/A8ToEEJTIUSVEmR6EkpbIUSwOAhglaZmiaom2OxklaZ9Fr9QCDsov2mG9WVgAAAABJRU5ErkJggg==';
