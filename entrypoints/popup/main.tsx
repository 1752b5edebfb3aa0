import { render } from 'preact';
import '../../components/base.css';
import '../../components/control-picker.css';
import './popup.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
