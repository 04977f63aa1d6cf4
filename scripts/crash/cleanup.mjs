// Undo everything a run set up (servers, data folders, databases), newest first, however the run
// ends: success, failure, a timeout or Ctrl-C. A failing step is reported and the rest still run.
export class Cleanup {
	#tasks = [];
	#running = null;

	/** @param {() => unknown} task */
	add(task) {
		this.#tasks.push(task);
	}

	/** Runs every task; a second caller (Ctrl-C during a clean-up) waits for the same run. */
	run(report = (line) => console.error(line)) {
		this.#running ??= this.#drain(report).finally(() => (this.#running = null));
		return this.#running;
	}

	async #drain(report) {
		while (this.#tasks.length) {
			const task = this.#tasks.pop();
			try {
				await task();
			} catch (error) {
				report(`# clean-up step failed: ${error?.message ?? error}`);
			}
		}
	}
}
