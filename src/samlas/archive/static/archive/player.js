// A visible button that turns captions on and off, beside the browser's own video controls
// (which also have a captions menu), and a choice of caption language. Without JavaScript
// the native controls do all of this; the extra controls stay hidden.

const figure = document.querySelector(".samlas-player");
const video = figure?.querySelector("video");
const controls = figure?.querySelector(".samlas-player__controls");

if (video && controls && video.textTracks.length) {
  const button = controls.querySelector(".samlas-player__captions");
  const select = controls.querySelector("#caption-track");
  const tracks = Array.from(video.textTracks);
  let chosen = Math.max(tracks.findIndex((track) => track.mode === "showing"), 0);
  let showing = true;

  // The button says what it will do; its text follows the state, whoever changed it.
  const label = (on) => {
    showing = on;
    button.textContent = on ? button.dataset.hideLabel : button.dataset.showLabel;
  };
  const show = (on) => {
    tracks.forEach((track, index) => {
      track.mode = on && index === chosen ? "showing" : "disabled";
    });
    label(on);
  };

  button.addEventListener("click", () => show(!showing));
  select?.addEventListener("change", () => {
    chosen = Number(select.value);
    show(true);
  });
  // Keep the button and the choice right when captions are switched in the player's menu.
  video.textTracks.addEventListener("change", () => {
    const shown = tracks.findIndex((track) => track.mode === "showing");
    if (shown >= 0) {
      chosen = shown;
      if (select) select.value = String(shown);
    }
    label(shown >= 0);
  });
  show(true);
  controls.hidden = false;
}
