// Tessera admin console: the only script, a progressive enhancement. Every page works
// without it. A button with data-copy-target="ID" copies the text of element ID.
document.addEventListener('DOMContentLoaded', () => {
	document.querySelectorAll('button[data-copy-target]').forEach((button) => {
		button.hidden = false;
		button.addEventListener('click', () => {
			const target = document.getElementById(button.dataset.copyTarget);
			if (!target || !navigator.clipboard) {
				return;
			}
			navigator.clipboard.writeText(target.textContent.trim()).then(() => {
				const label = button.textContent;
				button.textContent = 'Copied';
				setTimeout(() => { button.textContent = label; }, 2000);
			});
		});
	});
});
