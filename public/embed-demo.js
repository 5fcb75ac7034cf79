// The iframe form's host snippet: size each Statuslight iframe to the height it reports.
addEventListener('message', (e) => {
  if (!e.data || e.data.type !== 'statuslight:height') return;
  for (const frame of document.querySelectorAll('iframe.statuslight')) {
    if (frame.contentWindow === e.source) frame.style.height = `${e.data.height}px`;
  }
});
