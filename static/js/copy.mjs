// "Copy" buttons: <button data-copy-target="ID" data-copied-message="…" hidden> copies the value of
// the field with that id. The button only appears when the browser can copy; the field stays
// selectable either way. The status text (role="status") after the button announces the result.
for (const button of document.querySelectorAll("[data-copy-target]")) {
  const field = document.getElementById(button.dataset.copyTarget);
  if (!field || !navigator.clipboard) continue;
  const status = button.parentElement.querySelector("[role=status]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copiedMessage || "Copied";
    } catch {
      field.select();
      if (status) status.textContent = "Copying was blocked: the key is selected, press Ctrl+C (or Cmd+C) to copy it.";
    }
  });
}
