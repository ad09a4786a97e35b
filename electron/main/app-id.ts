/** The app's id: electron-builder.yml `appId`, and on Windows the AppUserModelID notifications are shown and grouped under. */
export const APP_USER_MODEL_ID = 'dev.labtray.app';
