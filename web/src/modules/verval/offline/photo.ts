/** Photos are made small on the phone before they are kept or sent: long side ≤ 1600 px, JPEG quality 0.8. */

export const PHOTO_LONG_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** The size a photo of `w`×`h` is scaled to (never enlarged). */
export function fitWithin(w: number, h: number, long = PHOTO_LONG_SIDE): { width: number; height: number } {
  const scale = Math.min(1, long / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

/** A JPEG of at most 1600 px on the long side; the original when the browser cannot decode it. */
export async function compressPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  try {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
    return await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', PHOTO_QUALITY));
  } finally {
    bitmap.close();
  }
}
