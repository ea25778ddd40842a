/** Save what a URL holds (a data: or blob: URL made in the page) as a file with this name, as a download link would. */
export function saveAs(href: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.click();
}
